-- Method lookups cached through a class whose hash part then takes integer, float and
-- identity keys (a new key may move another key's node, or rehash the part): every call
-- must still find the current method.
local Base = {}
Base.__index = Base
function Base:name() return "base" end
function Base:val() return 1 end
local C = setmetatable({}, { __index = Base })
C.__index = C
function C:name() return "c" end
local objs = {}
for i = 1, 8 do objs[i] = setmetatable({ id = i }, C) end
local out, keys = {}, {}
for round = 1, 60 do
  local s = 0
  for i = 1, #objs do
    local o = objs[i]
    s = s + o:val() + #o:name()
  end
  out[#out + 1] = s
  -- grow C's hash part with other kinds of keys between the calls
  C[round * 7 + 1000] = round
  C[round + 0.5] = round
  local k = {}
  keys[#keys + 1] = k
  C[k] = round
  if round == 20 then function C:val() return 2 end end
  if round == 30 then C.val = nil end
  if round == 40 then function Base:val() return 3 end end
  if round == 45 then C[1007] = nil; C[1014] = nil end
  if round == 50 then C.name = nil end
end
print(table.concat(out, " "))
local n = 0
for k, v in pairs(C) do n = n + 1 end
print(n)
