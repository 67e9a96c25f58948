local function counter(start)
  return function(step)
    start = start + (step or 1)
    return start
  end
end
local c1 = counter(0)
local c2 = counter(100)
print(c1(), c1(), c1(5), c2(), c1())
local function adder(x) return function(y) return x + y end end
print(adder(1)(2), adder(10)(-3))
