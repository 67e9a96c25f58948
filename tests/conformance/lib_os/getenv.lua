print(os.getenv("CRESCENT_CONFORMANCE_SURELY_UNSET_VARIABLE"))
print(pcall(os.getenv))
print(pcall(os.getenv, {}))
