-- hostile: 1e6 nested parentheses (and other 1e6-deep syntax) in a chunk: the parser's nesting limit answers "C stack overflow", without a Rust stack overflow
-- exit: 0
-- oracle: same
local N = 1000000
local function try(name, src)
  local f, e = load(src, "=" .. name)
  if f then
    print(name, pcall(f))
  else
    -- First line only: under lua.c, lua5.4 passes errors raised inside the parser (but
    -- not syntax errors) through the script's message handler, which appends a traceback.
    print(name, (e:match("^[^\n]*")))
  end
end
try("parens", "return " .. ("("):rep(N) .. "1" .. (")"):rep(N))
try("parens190", "return " .. ("("):rep(190) .. "1" .. (")"):rep(190))
try("unary-minus", "return " .. ("- "):rep(N) .. "1")
try("not", "return " .. ("not "):rep(N) .. "1")
try("concat", "return " .. ("'a'.."):rep(N) .. "'a'")
try("pow", "return " .. ("2^"):rep(N) .. "1")
try("add", "return " .. ("1+"):rep(N) .. "1")
try("blocks", ("do "):rep(N) .. (" end"):rep(N))
try("functions", ("return function() "):rep(N) .. (" end"):rep(N))
try("ifs", ("if true then "):rep(N) .. (" end"):rep(N))
try("whiles", ("while false do "):rep(N) .. (" end"):rep(N))
try("repeats", ("repeat "):rep(N) .. ("until true "):rep(N))
try("calls", "return print" .. ("(print"):rep(N) .. (")"):rep(N))
try("index", "return x" .. ("[x"):rep(N) .. ("]"):rep(N))
-- The same as a file given to loadfile (written to a temporary file).
local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("return ", ("("):rep(N), "1", (")"):rep(N))
f:close()
local chunk, e = loadfile(name)
os.remove(name)
print("loadfile", chunk, (e:match("^[^\n]*")))
