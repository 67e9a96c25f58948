print("\u{48}\u{49}", #"\u{7FF}", #"\u{FFFF}", #"\u{10FFFF}", #"\u{7FFFFFFF}")
print(utf8.codepoint("\u{10FFFF}"), utf8.codepoint("\u{7FFFFFFF}", 1, 1, true))
print(utf8.len("\u{D800}"), utf8.len("\u{D800}", 1, -1, true))
