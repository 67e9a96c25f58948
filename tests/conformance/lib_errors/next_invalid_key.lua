next({}, "missing")
