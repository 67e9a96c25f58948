-- Fasta: generate DNA sequences (repeat + weighted random), string building and io.write.
local n = tonumber(arg and arg[1]) or 250000

local IM, IA, IC = 139968, 3877, 29573
local last = 42
local function random(max)
  last = (last * IA + IC) % IM
  return max * last / IM
end

local alu =
  "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGG" ..
  "GAGGCCGAGGCGGGCGGATCACCTGAGGTCAGGAGTTCGAGA" ..
  "CCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAAT" ..
  "ACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCA" ..
  "GCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGG" ..
  "AGGCGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCC" ..
  "AGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA"

local iub = {
  { "a", 0.27 }, { "c", 0.12 }, { "g", 0.12 }, { "t", 0.27 },
  { "B", 0.02 }, { "D", 0.02 }, { "H", 0.02 }, { "K", 0.02 },
  { "M", 0.02 }, { "N", 0.02 }, { "R", 0.02 }, { "S", 0.02 },
  { "V", 0.02 }, { "W", 0.02 }, { "Y", 0.02 },
}

local homosapiens = {
  { "a", 0.3029549426680 }, { "c", 0.1979883004921 },
  { "g", 0.1975473066391 }, { "t", 0.3015094502008 },
}

local WIDTH = 60
local write = io.write
local sub, concat = string.sub, table.concat

local function repeat_fasta(header, s, count)
  write(header, "\n")
  local len = #s
  local s2 = s .. s .. s
  local pos = 1
  while count > 0 do
    local line = count < WIDTH and count or WIDTH
    write(sub(s2, pos, pos + line - 1), "\n")
    pos = pos + line
    if pos > len then pos = pos - len end
    count = count - line
  end
end

local function random_fasta(header, table_, count)
  write(header, "\n")
  local chars, probs = {}, {}
  local acc = 0
  for i = 1, #table_ do
    acc = acc + table_[i][2]
    chars[i] = table_[i][1]
    probs[i] = acc
  end
  local nt = #table_
  local buf = {}
  while count > 0 do
    local line = count < WIDTH and count or WIDTH
    for k = 1, line do
      local r = random(1.0)
      local c = chars[nt]
      for i = 1, nt do
        if r < probs[i] then c = chars[i]; break end
      end
      buf[k] = c
    end
    for k = line + 1, #buf do buf[k] = nil end
    write(concat(buf), "\n")
    count = count - line
  end
end

repeat_fasta(">ONE Homo sapiens alu", alu, n * 2)
random_fasta(">TWO IUB ambiguity codes", iub, n * 3)
random_fasta(">THREE Homo sapiens frequency", homosapiens, n * 5)
