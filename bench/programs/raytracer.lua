-- Ray tracer: spheres over a checkered plane, one light, shadows and reflections.
-- Vectors are small tables with methods through a metatable (allocation + method calls).
-- Prints a checksum of the 8-bit pixel values. Only + - * / and sqrt are used, so the
-- result is bit-identical across IEEE-754 implementations.
local size = tonumber(arg and arg[1]) or 160

local sqrt, floor = math.sqrt, math.floor

local Vec = {}
Vec.__index = Vec
local function vec(x, y, z) return setmetatable({ x = x, y = y, z = z }, Vec) end
function Vec:add(o) return vec(self.x + o.x, self.y + o.y, self.z + o.z) end
function Vec:sub(o) return vec(self.x - o.x, self.y - o.y, self.z - o.z) end
function Vec:scale(s) return vec(self.x * s, self.y * s, self.z * s) end
function Vec:mul(o) return vec(self.x * o.x, self.y * o.y, self.z * o.z) end
function Vec:dot(o) return self.x * o.x + self.y * o.y + self.z * o.z end
function Vec:length() return sqrt(self:dot(self)) end
function Vec:norm() return self:scale(1.0 / self:length()) end

local Sphere = {}
Sphere.__index = Sphere
local function sphere(center, radius, color, reflect)
  return setmetatable({ center = center, radius = radius, r2 = radius * radius,
                        color = color, reflect = reflect }, Sphere)
end
function Sphere:intersect(orig, dir)
  local oc = orig:sub(self.center)
  local b = oc:dot(dir)
  local c = oc:dot(oc) - self.r2
  local disc = b * b - c
  if disc < 0 then return nil end
  local s = sqrt(disc)
  local t = -b - s
  if t > 1e-4 then return t end
  t = -b + s
  if t > 1e-4 then return t end
  return nil
end
function Sphere:normal(p) return p:sub(self.center):scale(1.0 / self.radius) end
function Sphere:colorAt(_) return self.color end

local Plane = {}
Plane.__index = Plane
local function plane(y, reflect)
  return setmetatable({ y = y, n = vec(0, 1, 0), reflect = reflect }, Plane)
end
function Plane:intersect(orig, dir)
  if dir.y > -1e-9 and dir.y < 1e-9 then return nil end
  local t = (self.y - orig.y) / dir.y
  if t > 1e-4 then return t end
  return nil
end
function Plane:normal(_) return self.n end
local white, black = vec(1, 1, 1), vec(0.1, 0.1, 0.1)
function Plane:colorAt(p)
  if (floor(p.x) + floor(p.z)) % 2 == 0 then return white end
  return black
end

local scene = {
  plane(-1, 0.3),
  sphere(vec(0, 0, 5), 1, vec(0.9, 0.2, 0.2), 0.4),
  sphere(vec(-2.2, 0.2, 6), 1.2, vec(0.2, 0.9, 0.2), 0.3),
  sphere(vec(2.1, -0.3, 4.5), 0.7, vec(0.2, 0.3, 0.9), 0.5),
  sphere(vec(0.7, 1.6, 7), 0.9, vec(0.9, 0.9, 0.2), 0.2),
}
local light = vec(-5, 8, -3)
local ambient = 0.1

local function closest(orig, dir)
  local best, bestobj = nil, nil
  for i = 1, #scene do
    local obj = scene[i]
    local t = obj:intersect(orig, dir)
    if t and (not best or t < best) then best, bestobj = t, obj end
  end
  return best, bestobj
end

local function trace(orig, dir, depth)
  local t, obj = closest(orig, dir)
  if not t then
    local k = 0.5 * (dir.y + 1)
    return vec(0.6, 0.7, 0.9):scale(k):add(vec(1, 1, 1):scale(1 - k))
  end
  local p = orig:add(dir:scale(t))
  local n = obj:normal(p)
  local base = obj:colorAt(p)
  local tolight = light:sub(p)
  local ldist = tolight:length()
  local ldir = tolight:scale(1.0 / ldist)
  local diffuse = n:dot(ldir)
  if diffuse < 0 then diffuse = 0 end
  if diffuse > 0 then
    local st = closest(p, ldir)
    if st and st < ldist then diffuse = diffuse * 0.2 end
  end
  local color = base:scale(ambient + diffuse * (1 - ambient))
  if depth < 3 and obj.reflect > 0 then
    local rdir = dir:sub(n:scale(2 * dir:dot(n)))
    local rc = trace(p, rdir, depth + 1)
    color = color:scale(1 - obj.reflect):add(rc:scale(obj.reflect))
  end
  return color
end

local function to8(c)
  if c <= 0 then return 0 end
  if c >= 1 then return 255 end
  return floor(c * 255 + 0.5)
end

local eye = vec(0, 0.5, -1)
local checksum = 0
local sum = 0
local M = 1000000007
for y = 0, size - 1 do
  for x = 0, size - 1 do
    local px = (2 * (x + 0.5) / size - 1)
    local py = (1 - 2 * (y + 0.5) / size)
    local dir = vec(px, py - 0.1, 1.2):norm()
    local c = trace(eye, dir, 0)
    local r, g, b = to8(c.x), to8(c.y), to8(c.z)
    sum = sum + r + g + b
    checksum = (checksum * 31 + r * 65536 + g * 256 + b) % M
  end
end
print(string.format("%dx%d sum %d checksum %d", size, size, sum, checksum))
