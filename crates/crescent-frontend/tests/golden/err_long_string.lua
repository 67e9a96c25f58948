x = [==[ abc
