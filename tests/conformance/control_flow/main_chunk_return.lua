print("before return")
do return end
print("never")
