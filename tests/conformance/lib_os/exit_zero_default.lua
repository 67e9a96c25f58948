print("bye")
os.exit()
