FALSE_LOADS = (FALSE_LOADS or 0) + 1
return false
