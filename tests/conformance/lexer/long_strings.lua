-- long strings of several levels; a newline right after the opening bracket is skipped
local a = [[hello]]
local b = [==[with ]] and ]=] inside]==]
local c = [[
first line skipped]]
local d = [=[
]=]
local e = [===[
line1
line2
]===]
local f = [[a [[ opening brackets are plain text]]
print(a)
print(b)
print(c)
print(#d, d == "")
print(e)
print(#e)
print(f)
print([[]] == "", #[[

]])
print([[\n is not an escape \t]])
print([==[]]]==])
