-- hostile: the 100 MB string literal under --memory-limit=64M: loading it fails with "not enough memory"
-- exit: 1
-- flags: --memory-limit=64M
-- stderr: not enough memory
-- oracle: differs (lua5.4 has no memory limit)
local name = os.tmpname()
local f = assert(io.open(name, "w"))
local piece = ("x"):rep(1000000)
f:write('local s = "')
for i = 1, 100 do f:write(piece) end
f:write('"\nreturn #s\n')
f:close()
piece = nil
local chunk, err = loadfile(name)
os.remove(name)
print(chunk, err)
error(err, 0)
