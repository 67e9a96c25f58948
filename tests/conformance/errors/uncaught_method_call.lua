local obj = {}
obj:foo()
