local obj = {}
do
  local balance = 0
  function obj.deposit(v) balance = balance + v end
  function obj.withdraw(v)
    if v > balance then error("insufficient funds") end
    balance = balance - v
  end
  function obj.balance() return balance end
end
obj.deposit(100)
obj.withdraw(30)
print(obj.balance())
print(pcall(obj.withdraw, 1000))
print(obj.balance())
