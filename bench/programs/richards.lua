-- Richards: Martin Richards' operating-system simulation (task scheduler with packets),
-- written with classes on metatables. Task state flags are kept as booleans and the idle
-- task's shift register uses arithmetic, so no bitwise operators are needed.
local iterations = tonumber(arg and arg[1]) or 50

local ID_IDLE, ID_WORKER, ID_HANDLER_A, ID_HANDLER_B, ID_DEVICE_A, ID_DEVICE_B = 1, 2, 3, 4, 5, 6
local KIND_DEVICE, KIND_WORK = 0, 1
local DATA_SIZE = 4
local COUNT = 1000
local EXPECTED_QUEUE_COUNT, EXPECTED_HOLD_COUNT = 2322, 928

local floor = math.floor

local function class()
  local c = {}
  c.__index = c
  return c
end

-- 16-bit exclusive or with arithmetic only
local function bxor16(a, b)
  local r, bit = 0, 1
  for _ = 1, 16 do
    local x, y = a % 2, b % 2
    if x ~= y then r = r + bit end
    a, b, bit = floor(a / 2), floor(b / 2), bit * 2
  end
  return r
end

local Packet = class()
function Packet.new(link, id, kind)
  local a2 = {}
  for i = 1, DATA_SIZE do a2[i] = 0 end
  return setmetatable({ link = link, id = id, kind = kind, a1 = 0, a2 = a2 }, Packet)
end
function Packet:addTo(queue)
  self.link = nil
  if queue == nil then return self end
  local next_ = queue
  local peek = next_.link
  while peek ~= nil do next_ = peek; peek = next_.link end
  next_.link = self
  return queue
end

local TCB = class()
function TCB.new(link, id, priority, queue, task)
  return setmetatable({ link = link, id = id, priority = priority, queue = queue, task = task,
                        held = false, suspended = true, runnable = queue ~= nil }, TCB)
end
function TCB:setRunning() self.held, self.suspended, self.runnable = false, false, false end
function TCB:markAsNotHeld() self.held = false end
function TCB:markAsHeld() self.held = true end
function TCB:markAsSuspended() self.suspended = true end
function TCB:markAsRunnable() self.runnable = true end
function TCB:isHeldOrSuspended()
  return self.held or (self.suspended and not self.runnable)
end
function TCB:run()
  local packet
  if self.suspended and self.runnable and not self.held then
    packet = self.queue
    self.queue = packet.link
    self.held, self.suspended = false, false
    self.runnable = self.queue ~= nil
  else
    packet = nil
  end
  return self.task:run(packet)
end
function TCB:checkPriorityAdd(task, packet)
  if self.queue == nil then
    self.queue = packet
    self:markAsRunnable()
    if self.priority > task.priority then return self end
  else
    self.queue = packet:addTo(self.queue)
  end
  return task
end

local Scheduler = class()
function Scheduler.new()
  return setmetatable({ queueCount = 0, holdCount = 0, blocks = {}, list = nil,
                        currentTcb = nil, currentId = nil }, Scheduler)
end
function Scheduler:addTask(id, priority, queue, task)
  self.currentTcb = TCB.new(self.list, id, priority, queue, task)
  self.list = self.currentTcb
  self.blocks[id] = self.currentTcb
end
function Scheduler:addRunningTask(id, priority, queue, task)
  self:addTask(id, priority, queue, task)
  self.currentTcb:setRunning()
end
function Scheduler:schedule()
  self.currentTcb = self.list
  while self.currentTcb ~= nil do
    local tcb = self.currentTcb
    if tcb:isHeldOrSuspended() then
      self.currentTcb = tcb.link
    else
      self.currentId = tcb.id
      self.currentTcb = tcb:run()
    end
  end
end
function Scheduler:release(id)
  local tcb = self.blocks[id]
  if tcb == nil then return tcb end
  tcb:markAsNotHeld()
  if tcb.priority > self.currentTcb.priority then return tcb end
  return self.currentTcb
end
function Scheduler:holdCurrent()
  self.holdCount = self.holdCount + 1
  self.currentTcb:markAsHeld()
  return self.currentTcb.link
end
function Scheduler:suspendCurrent()
  self.currentTcb:markAsSuspended()
  return self.currentTcb
end
function Scheduler:queue(packet)
  local t = self.blocks[packet.id]
  if t == nil then return t end
  self.queueCount = self.queueCount + 1
  packet.link = nil
  packet.id = self.currentId
  return t:checkPriorityAdd(self.currentTcb, packet)
end

local IdleTask = class()
function IdleTask.new(scheduler, v1, count)
  return setmetatable({ scheduler = scheduler, v1 = v1, count = count }, IdleTask)
end
function IdleTask:run(_)
  self.count = self.count - 1
  if self.count == 0 then return self.scheduler:holdCurrent() end
  local v1 = self.v1
  if v1 % 2 == 0 then
    self.v1 = floor(v1 / 2)
    return self.scheduler:release(ID_DEVICE_A)
  else
    self.v1 = bxor16(floor(v1 / 2), 0xD008)
    return self.scheduler:release(ID_DEVICE_B)
  end
end

local DeviceTask = class()
function DeviceTask.new(scheduler)
  return setmetatable({ scheduler = scheduler, v1 = nil }, DeviceTask)
end
function DeviceTask:run(packet)
  if packet == nil then
    if self.v1 == nil then return self.scheduler:suspendCurrent() end
    local v = self.v1
    self.v1 = nil
    return self.scheduler:queue(v)
  end
  self.v1 = packet
  return self.scheduler:holdCurrent()
end

local WorkerTask = class()
function WorkerTask.new(scheduler, v1, v2)
  return setmetatable({ scheduler = scheduler, v1 = v1, v2 = v2 }, WorkerTask)
end
function WorkerTask:run(packet)
  if packet == nil then return self.scheduler:suspendCurrent() end
  if self.v1 == ID_HANDLER_A then self.v1 = ID_HANDLER_B else self.v1 = ID_HANDLER_A end
  packet.id = self.v1
  packet.a1 = 0
  for i = 1, DATA_SIZE do
    self.v2 = self.v2 + 1
    if self.v2 > 26 then self.v2 = 1 end
    packet.a2[i] = self.v2
  end
  return self.scheduler:queue(packet)
end

local HandlerTask = class()
function HandlerTask.new(scheduler)
  return setmetatable({ scheduler = scheduler, v1 = nil, v2 = nil }, HandlerTask)
end
function HandlerTask:run(packet)
  if packet ~= nil then
    if packet.kind == KIND_WORK then self.v1 = packet:addTo(self.v1)
    else self.v2 = packet:addTo(self.v2) end
  end
  if self.v1 ~= nil then
    local count = self.v1.a1
    if count < DATA_SIZE then
      if self.v2 ~= nil then
        local v = self.v2
        self.v2 = self.v2.link
        v.a1 = self.v1.a2[count + 1]
        self.v1.a1 = count + 1
        return self.scheduler:queue(v)
      end
    else
      local v = self.v1
      self.v1 = self.v1.link
      return self.scheduler:queue(v)
    end
  end
  return self.scheduler:suspendCurrent()
end

local function runRichards()
  local s = Scheduler.new()
  s:addRunningTask(ID_IDLE, 0, nil, IdleTask.new(s, 1, COUNT))
  local queue = Packet.new(nil, ID_WORKER, KIND_WORK)
  queue = Packet.new(queue, ID_WORKER, KIND_WORK)
  s:addTask(ID_WORKER, 1000, queue, WorkerTask.new(s, ID_HANDLER_A, 0))
  queue = Packet.new(nil, ID_DEVICE_A, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_A, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_A, KIND_DEVICE)
  s:addTask(ID_HANDLER_A, 2000, queue, HandlerTask.new(s))
  queue = Packet.new(nil, ID_DEVICE_B, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_B, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_B, KIND_DEVICE)
  s:addTask(ID_HANDLER_B, 3000, queue, HandlerTask.new(s))
  s:addTask(ID_DEVICE_A, 4000, nil, DeviceTask.new(s))
  s:addTask(ID_DEVICE_B, 5000, nil, DeviceTask.new(s))
  s:schedule()
  return s.queueCount, s.holdCount
end

local qtotal, htotal = 0, 0
for _ = 1, iterations do
  local q, h = runRichards()
  if q ~= EXPECTED_QUEUE_COUNT or h ~= EXPECTED_HOLD_COUNT then
    error(string.format("richards: wrong counts %d %d", q, h))
  end
  qtotal, htotal = qtotal + q, htotal + h
end
print(string.format("iterations %d queueCount %d holdCount %d", iterations, qtotal, htotal))
