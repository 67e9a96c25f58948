-- Mandelbrot: float inner loop. Prints a checksum of the packed bitmap, not the bitmap.
local N = tonumber(arg and arg[1]) or 400

local iter = 50
local limit2 = 4.0
local checksum, inside = 0, 0
local M = 1000000007
for y = 0, N - 1 do
  local ci = 2.0 * y / N - 1.0
  local byte, bits = 0, 0
  for x = 0, N - 1 do
    local cr = 2.0 * x / N - 1.5
    local zr, zi, zr2, zi2 = 0.0, 0.0, 0.0, 0.0
    local escaped = false
    for _ = 1, iter do
      zi = 2.0 * zr * zi + ci
      zr = zr2 - zi2 + cr
      zr2 = zr * zr
      zi2 = zi * zi
      if zr2 + zi2 > limit2 then escaped = true; break end
    end
    byte = byte * 2
    if not escaped then byte = byte + 1; inside = inside + 1 end
    bits = bits + 1
    if bits == 8 or x == N - 1 then
      while bits < 8 do byte = byte * 2; bits = bits + 1 end
      checksum = (checksum * 31 + byte) % M
      byte, bits = 0, 0
    end
  end
end
print(string.format("P4 %d %d", N, N))
print(string.format("inside %d checksum %d", inside, checksum))
