os.date("%Q")
