io.write("flushed output\n")
os.exit(true)
