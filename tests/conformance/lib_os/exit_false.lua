print("exiting with failure")
os.exit(false)
