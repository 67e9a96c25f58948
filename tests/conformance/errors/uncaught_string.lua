print("line before")
local function fail() error("something broke") end
fail()
print("never")
