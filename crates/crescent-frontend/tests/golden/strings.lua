local s = {
  "plain", 'single', "tab\tnl\ncr\rbell\a\b\f\v", "quote\"'\\",
  "\x41\x42\u{48}\u{20AC}\u{10FFFF}\65\066\0067",
  "z: \z
      continued",
  [[long
string]], [==[with ]] inside]==],
  "\0nul", "\255\128", "",
}
return s
