-- Havlak loop recognition (after Hundt's "Loop Recognition in C++/Java/Go/Scala"):
-- builds a synthetic control-flow graph of nested loops and runs Havlak's algorithm with a
-- union-find structure on it `arg[1]` times. Sets are kept as arrays plus membership tables
-- so that iteration order, and therefore the output, is deterministic.
local reps = tonumber(arg and arg[1]) or 20

---------------------------------------------------------------- CFG
local BasicBlock = {}
BasicBlock.__index = BasicBlock
function BasicBlock.new(name)
  return setmetatable({ name = name, inEdges = {}, outEdges = {} }, BasicBlock)
end
function BasicBlock:addOutEdge(to) self.outEdges[#self.outEdges + 1] = to end
function BasicBlock:addInEdge(from) self.inEdges[#self.inEdges + 1] = from end

local CFG = {}
CFG.__index = CFG
function CFG.new() return setmetatable({ blocks = {}, numNodes = 0, startNode = nil, edges = {} }, CFG) end
function CFG:createNode(name)
  local node = self.blocks[name]
  if not node then
    node = BasicBlock.new(name)
    self.blocks[name] = node
    self.numNodes = self.numNodes + 1
  end
  if self.numNodes == 1 then self.startNode = node end
  return node
end
function CFG:addEdge(fromName, toName)
  local from, to = self:createNode(fromName), self:createNode(toName)
  from:addOutEdge(to)
  to:addInEdge(from)
  self.edges[#self.edges + 1] = { from, to }
end

---------------------------------------------------------------- loop structure graph
local SimpleLoop = {}
SimpleLoop.__index = SimpleLoop
function SimpleLoop.new(counter)
  return setmetatable({ basicBlocks = {}, children = {}, parent = nil, header = nil,
                        isRoot = false, isReducible = true, counter = counter,
                        nestingLevel = 0, depthLevel = 0 }, SimpleLoop)
end
function SimpleLoop:addNode(bb) self.basicBlocks[#self.basicBlocks + 1] = bb end
function SimpleLoop:addChildLoop(loop) self.children[#self.children + 1] = loop end
function SimpleLoop:setParent(p)
  self.parent = p
  p:addChildLoop(self)
end
function SimpleLoop:setHeader(bb)
  self.basicBlocks[#self.basicBlocks + 1] = bb
  self.header = bb
end
function SimpleLoop:setNestingLevel(level)
  self.nestingLevel = level
  if level == 0 then self.isRoot = true end
end

local LSG = {}
LSG.__index = LSG
function LSG.new()
  local self = setmetatable({ loops = {}, loopCounter = 0 }, LSG)
  self.root = self:createNewLoop()
  self.root:setNestingLevel(0)
  self:addLoop(self.root)
  return self
end
function LSG:createNewLoop()
  local s = SimpleLoop.new(self.loopCounter)
  self.loopCounter = self.loopCounter + 1
  return s
end
function LSG:addLoop(loop) self.loops[#self.loops + 1] = loop end
function LSG:numLoops() return #self.loops end
local function nestingRec(loop, depth)
  loop.depthLevel = depth
  local children = loop.children
  for i = 1, #children do
    local child = children[i]
    nestingRec(child, depth + 1)
    if 1 + child.nestingLevel > loop.nestingLevel then loop:setNestingLevel(1 + child.nestingLevel) end
  end
end
function LSG:calculateNestingLevel()
  for i = 1, #self.loops do
    local l = self.loops[i]
    if not l.isRoot and l.parent == nil then l:setParent(self.root) end
  end
  nestingRec(self.root, 0)
end

---------------------------------------------------------------- union-find
local UnionFindNode = {}
UnionFindNode.__index = UnionFindNode
function UnionFindNode.new()
  return setmetatable({ parent = nil, bb = nil, loop = nil, dfsNumber = 0 }, UnionFindNode)
end
function UnionFindNode:initNode(bb, dfs)
  self.parent = self
  self.bb = bb
  self.dfsNumber = dfs
end
function UnionFindNode:findSet()
  local path = {}
  local node = self
  while node ~= node.parent do
    if node.parent ~= node.parent.parent then path[#path + 1] = node end
    node = node.parent
  end
  for i = 1, #path do path[i].parent = node.parent end
  return node
end
function UnionFindNode:union(other) self.parent = other end

---------------------------------------------------------------- Havlak
local BB_NONHEADER, BB_REDUCIBLE, BB_SELF, BB_IRREDUCIBLE, BB_DEAD = 1, 2, 3, 4, 5
local UNVISITED = -1
local MAXNONBACKPREDS = 32 * 1024

local function isAncestor(w, v, last) return w <= v and v <= last[w] end

local function doDFS(current, nodes, number, last, cur)
  nodes[cur]:initNode(current, cur)
  number[current] = cur
  local lastid = cur
  local out = current.outEdges
  for i = 1, #out do
    local target = out[i]
    if number[target] == UNVISITED then lastid = doDFS(target, nodes, number, last, lastid + 1) end
  end
  last[number[current]] = lastid
  return lastid
end

local function findLoops(cfg, lsg)
  if cfg.startNode == nil then return 0 end
  local size = cfg.numNodes
  local nonBackPreds, nonBackSet, backPreds = {}, {}, {}
  local number, header, types, last, nodes = {}, {}, {}, {}, {}
  for i = 0, size - 1 do
    nonBackPreds[i], nonBackSet[i], backPreds[i] = {}, {}, {}
    nodes[i] = UnionFindNode.new()
    last[i] = 0
  end
  for _, bb in pairs(cfg.blocks) do number[bb] = UNVISITED end
  doDFS(cfg.startNode, nodes, number, last, 0)

  for w = 0, size - 1 do
    header[w] = 0
    types[w] = BB_NONHEADER
    local nodeW = nodes[w].bb
    if nodeW == nil then
      types[w] = BB_DEAD
    else
      local ins = nodeW.inEdges
      for i = 1, #ins do
        local v = number[ins[i]]
        if v ~= UNVISITED then
          if isAncestor(w, v, last) then
            backPreds[w][#backPreds[w] + 1] = v
          elseif not nonBackSet[w][v] then
            nonBackSet[w][v] = true
            nonBackPreds[w][#nonBackPreds[w] + 1] = v
          end
        end
      end
    end
  end
  header[0] = 0

  for w = size - 1, 0, -1 do
    local nodeW = nodes[w].bb
    if nodeW ~= nil then
      local pool, inPool = {}, {}
      local bp = backPreds[w]
      for i = 1, #bp do
        local v = bp[i]
        if v ~= w then
          local s = nodes[v]:findSet()
          if not inPool[s] then inPool[s] = true; pool[#pool + 1] = s end
        else
          types[w] = BB_SELF
        end
      end
      local work, head = {}, 1
      for i = 1, #pool do work[i] = pool[i] end
      if #pool ~= 0 then types[w] = BB_REDUCIBLE end
      while head <= #work do
        local x = work[head]
        head = head + 1
        local nbp = nonBackPreds[x.dfsNumber]
        if #nbp > MAXNONBACKPREDS then return 0 end
        for i = 1, #nbp do
          local ydash = nodes[nbp[i]]:findSet()
          local yd = ydash.dfsNumber
          if not isAncestor(w, yd, last) then
            types[w] = BB_IRREDUCIBLE
            if not nonBackSet[w][yd] then
              nonBackSet[w][yd] = true
              nonBackPreds[w][#nonBackPreds[w] + 1] = yd
            end
          elseif yd ~= w and not inPool[ydash] then
            inPool[ydash] = true
            pool[#pool + 1] = ydash
            work[#work + 1] = ydash
          end
        end
      end
      if #pool > 0 or types[w] == BB_SELF then
        local loop = lsg:createNewLoop()
        loop:setHeader(nodeW)
        loop.isReducible = types[w] ~= BB_IRREDUCIBLE
        nodes[w].loop = loop
        for i = 1, #pool do
          local node = pool[i]
          header[node.dfsNumber] = w
          node:union(nodes[w])
          if node.loop ~= nil then node.loop:setParent(loop) else loop:addNode(node.bb) end
        end
        lsg:addLoop(loop)
      end
    end
  end
  return lsg:numLoops()
end

---------------------------------------------------------------- graph construction
local cfg = CFG.new()
local function buildDiamond(start)
  cfg:addEdge(start, start + 1)
  cfg:addEdge(start, start + 2)
  cfg:addEdge(start + 1, start + 3)
  cfg:addEdge(start + 2, start + 3)
  return start + 3
end
local function buildConnect(from, to) cfg:addEdge(from, to) end
local function buildStraight(start, n)
  for i = 0, n - 1 do buildConnect(start + i, start + i + 1) end
  return start + n
end
local function buildBaseLoop(from)
  local header = buildStraight(from, 1)
  local diamond1 = buildDiamond(header)
  local d11 = buildStraight(diamond1, 1)
  local diamond2 = buildDiamond(d11)
  local footer = buildStraight(diamond2, 1)
  buildConnect(diamond2, d11)
  buildConnect(diamond1, header)
  buildConnect(footer, from)
  footer = buildStraight(footer, 1)
  return footer
end

cfg:createNode(0)
buildBaseLoop(0)
cfg:createNode(1)
buildConnect(0, 2)

local dummy = 0
for _ = 1, 200 do dummy = dummy + findLoops(cfg, LSG.new()) end

local n = 2
for _ = 1, 4 do
  cfg:createNode(n + 1)
  buildConnect(2, n + 1)
  n = n + 1
  for _ = 1, 10 do
    local top = n
    n = buildStraight(n, 1)
    for _ = 1, 25 do n = buildBaseLoop(n) end
    local bottom = buildStraight(n, 1)
    buildConnect(n, top)
    n = bottom
  end
  buildConnect(n, 1)
end

local total = 0
local lsg
for _ = 1, reps do
  lsg = LSG.new()
  total = total + findLoops(cfg, lsg)
end
lsg:calculateNestingLevel()
local maxNest, depthSum, reducible = 0, 0, 0
for i = 1, #lsg.loops do
  local l = lsg.loops[i]
  if l.nestingLevel > maxNest then maxNest = l.nestingLevel end
  depthSum = depthSum + l.depthLevel
  if l.isReducible then reducible = reducible + 1 end
end
print(string.format("nodes %d edges %d dummy %d", cfg.numNodes, #cfg.edges, dummy))
print(string.format("loops %d (total %d over %d runs) reducible %d max nesting %d depth sum %d",
  lsg:numLoops(), total, reps, reducible, maxNest, depthSum))
