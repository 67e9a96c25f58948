math.fmod(1, 0)
