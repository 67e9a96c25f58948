-- K-nucleotide: hash-table counting of substrings. The input DNA is generated inside the
-- program with the same generator as fasta.lua (the ">THREE" part), so no input file is needed.
local n = tonumber(arg and arg[1]) or 200000

local IM, IA, IC = 139968, 3877, 29573
local last = 42
local function random(max)
  last = (last * IA + IC) % IM
  return max * last / IM
end

local function generate(count)
  local chars = { "A", "C", "G", "T" }
  local probs = {}
  local acc = 0
  local p = { 0.3029549426680, 0.1979883004921, 0.1975473066391, 0.3015094502008 }
  for i = 1, 4 do acc = acc + p[i]; probs[i] = acc end
  local parts = {}
  for k = 1, count do
    local r = random(1.0)
    local c = "T"
    for i = 1, 4 do
      if r < probs[i] then c = chars[i]; break end
    end
    parts[k] = c
  end
  return table.concat(parts)
end

local seq = generate(n)
local sub = string.sub

local function kfrequency(frame)
  local freq = {}
  for i = 1, #seq - frame + 1 do
    local key = sub(seq, i, i + frame - 1)
    freq[key] = (freq[key] or 0) + 1
  end
  return freq
end

local function sorted_frequencies(frame)
  local freq = kfrequency(frame)
  local keys = {}
  local total = 0
  for k, v in pairs(freq) do keys[#keys + 1] = k; total = total + v end
  table.sort(keys, function(a, b)
    local fa, fb = freq[a], freq[b]
    if fa ~= fb then return fa > fb end
    return a < b
  end)
  for _, k in ipairs(keys) do
    print(string.format("%s %0.3f", k, 100 * freq[k] / total))
  end
  print("")
end

sorted_frequencies(1)
sorted_frequencies(2)
for _, s in ipairs({ "GGT", "GGTA", "GGTATT", "GGTATTTTAATT", "GGTATTTTAATTTATAGT" }) do
  local freq = kfrequency(#s)
  print(string.format("%d\t%s", freq[s] or 0, s))
end
