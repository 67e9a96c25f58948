-- String-heavy work: building text with string.format and table.concat buffers, gsub with
-- patterns and function/table replacements, find/match/gmatch, rep, sub, upper/lower,
-- byte/char and plain concatenation. `arg[1]` rounds.
local rounds = tonumber(arg and arg[1]) or 40

local format, concat, byte, char = string.format, table.concat, string.byte, string.char
local words = { "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit",
                "sed", "do", "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore",
                "magna", "aliqua" }

local seed = 1
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n + 1
end

local function hash(s, h)
  h = h or 0
  for i = 1, #s, 3 do h = (h * 31 + byte(s, i)) % 1000000007 end
  return h
end

local total_hash, total_len = 0, 0
for round = 1, rounds do
  -- 1. build a document with format and a buffer
  local buf = {}
  for line = 1, 400 do
    local parts = {}
    for w = 1, 12 do parts[w] = words[rand(#words)] end
    buf[#buf + 1] = format("%05d %-12s %s. (%d/%x) %6.2f%%", line, words[rand(#words)],
      concat(parts, " "), round, line * 7, (line * 37 % 1000) / 10)
  end
  local doc = concat(buf, "\n")

  -- 2. gsub: capitalise words, replace by table, function replacement with captures
  local caps = doc:gsub("(%a)(%a*)", function(a, b) return a:upper() .. b end)
  local swapped = caps:gsub("(%w+) (%w+)", "%2 %1")
  local repl = { Lorem = "LOREM", Ipsum = "IPSUM", Dolor = "<dolor>" }
  local replaced, nrepl = swapped:gsub("%a+", repl)
  local digits = replaced:gsub("%d", function(d) return char(byte("a") + byte(d) - byte("0")) end)

  -- 3. find / match / gmatch
  local count, numbers = 0, 0
  for word in doc:gmatch("%a+") do
    if #word > 5 then count = count + 1 end
  end
  for num in doc:gmatch("%((%d+)/") do numbers = numbers + tonumber(num) end
  local pos, found = 1, 0
  while true do
    local s, e = doc:find("dolor", pos, true)
    if not s then break end
    found = found + 1
    pos = e + 1
  end
  local first = doc:match("^(%d+)%s+(%a+)")

  -- 4. concatenation in a loop, rep, sub, reverse, lower
  local acc = ""
  for i = 1, 300 do acc = acc .. words[(i % #words) + 1]:sub(1, 3) end
  local rep = ("ab"):rep(500, ",")
  local rev = acc:reverse():lower()

  total_len = total_len + #caps + #swapped + #replaced + #digits + #acc + #rep + #rev + nrepl
  total_hash = hash(digits, total_hash)
  total_hash = hash(rev, total_hash)
  total_hash = (total_hash + count * 7 + numbers * 13 + found + tonumber(first)) % 1000000007
end
print(format("rounds %d: total length %d, hash %d", rounds, total_len, total_hash))
