-- hostile: a source file holding a 100 MB string literal (written to a temporary file at test time)
-- exit: 0
-- oracle: same
local name = os.tmpname()
local f = assert(io.open(name, "w"))
local piece = ("x"):rep(1000000)
f:write('local s = "')
for i = 1, 100 do f:write(piece) end
f:write('"\nreturn #s, s:sub(1, 3), s:byte(-1)\n')
f:close()
piece = nil
local chunk, err = loadfile(name)
os.remove(name)
print(err)
print(chunk())
