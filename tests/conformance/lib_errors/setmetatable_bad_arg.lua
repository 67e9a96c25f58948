setmetatable({}, 42)
