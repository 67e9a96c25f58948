-- comment
--[[ long
comment ]] local a = 1 --[==[ another
]==]
--[[]] return a -- trailing
