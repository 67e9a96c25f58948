local x = 1
error("module failed while loading")
