-- SciMark FFT: in-place radix-2 complex FFT (forward then inverse), repeated `arg[1]` times.
-- Data are 1-based interleaved (re, im) pairs. Bit reversal uses arithmetic, not bit ops.
local cycles = tonumber(arg and arg[1]) or 200
local N = 1024 -- complex points

local sin, floor = math.sin, math.floor
local PI = 3.141592653589793

local function log2(n)
  local log, k = 0, 1
  while k < n do k = k * 2; log = log + 1 end
  return log
end

local function bitreverse(data, n)
  local nm1 = n - 1
  local j = 0
  for i = 0, nm1 - 1 do
    local ii, jj = 2 * i + 1, 2 * j + 1
    local k = floor(n / 2)
    if i < j then
      data[ii], data[jj] = data[jj], data[ii]
      data[ii + 1], data[jj + 1] = data[jj + 1], data[ii + 1]
    end
    while k <= j do
      j = j - k
      k = floor(k / 2)
    end
    j = j + k
  end
end

local function transform(data, n, direction)
  if n <= 1 then return end
  local logn = log2(n)
  bitreverse(data, n)
  local dual = 1
  for _ = 0, logn - 1 do
    local w_real, w_imag = 1.0, 0.0
    local theta = 2.0 * direction * PI / (2.0 * dual)
    local s = sin(theta)
    local t = sin(theta / 2.0)
    local s2 = 2.0 * t * t
    for b = 0, n - 1, 2 * dual do
      local i, j = 2 * b + 1, 2 * (b + dual) + 1
      local wd_real, wd_imag = data[j], data[j + 1]
      data[j] = data[i] - wd_real
      data[j + 1] = data[i + 1] - wd_imag
      data[i] = data[i] + wd_real
      data[i + 1] = data[i + 1] + wd_imag
    end
    for a = 1, dual - 1 do
      local tmp_real = w_real - s * w_imag - s2 * w_real
      local tmp_imag = w_imag + s * w_real - s2 * w_imag
      w_real, w_imag = tmp_real, tmp_imag
      for b = 0, n - 1, 2 * dual do
        local i, j = 2 * (b + a) + 1, 2 * (b + a + dual) + 1
        local z1_real, z1_imag = data[j], data[j + 1]
        local wd_real = w_real * z1_real - w_imag * z1_imag
        local wd_imag = w_real * z1_imag + w_imag * z1_real
        data[j] = data[i] - wd_real
        data[j + 1] = data[i + 1] - wd_imag
        data[i] = data[i] + wd_real
        data[i + 1] = data[i + 1] + wd_imag
      end
    end
    dual = dual * 2
  end
end

local function inverse(data, n)
  transform(data, n, 1)
  local norm = 1.0 / n
  for i = 1, 2 * n do data[i] = data[i] * norm end
end

-- deterministic input from an integer LCG
local seed = 101
local data, orig = {}, {}
for i = 1, 2 * N do
  seed = (seed * 16807) % 2147483647
  data[i] = seed / 2147483647
  orig[i] = data[i]
end

local spectrum = 0
for _ = 1, cycles do
  transform(data, N, -1)
  spectrum = spectrum + data[3] * data[3] + data[4] * data[4]
  inverse(data, N)
end
local maxerr = 0
for i = 1, 2 * N do
  local d = data[i] - orig[i]
  if d < 0 then d = -d end
  if d > maxerr then maxerr = d end
end
print(string.format("fft %d points, %d cycles: spectrum %.6f, round trip ok %s",
  N, cycles, spectrum, tostring(maxerr < 1e-9)))
