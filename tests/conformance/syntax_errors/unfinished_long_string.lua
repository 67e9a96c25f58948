local s = [[
abc

