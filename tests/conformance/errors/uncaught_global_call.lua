print("start")
undefined_function("arg")
