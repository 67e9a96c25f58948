local Account = {}
Account.__index = Account
function Account.new(b) return setmetatable({balance = b}, Account) end
function Account:deposit(v) self.balance = self.balance + v end
function Account:withdraw(v)
  if v > self.balance then error "insufficient funds" end
  self.balance = self.balance - v
end
local acc = Account.new(100)
acc:deposit(50)
acc:withdraw(30)
return acc.balance
