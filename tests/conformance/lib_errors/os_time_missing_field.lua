os.time({year = 2000})
