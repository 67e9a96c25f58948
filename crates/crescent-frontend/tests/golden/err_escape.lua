x = '\x4g'
