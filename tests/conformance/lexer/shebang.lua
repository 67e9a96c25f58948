#!/usr/bin/env lua5.4 this line is skipped
print("after shebang")
print(1 + 1)
