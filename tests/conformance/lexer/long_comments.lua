--[[ a block comment
print("not printed 1")
]]
print("one")
--[==[
print("not printed 2")
]] still comment ]=]
]==]
print("two")
--[[]] print("three")
---[[ this is a line comment, so the next line runs
print("four")
--]]
--[=[ ]] ]=] print("five")
-- line comment [[ not long
print("six")
--[
print("seven")
local x = 1 --[[ inline ]] + 2
print(x)
