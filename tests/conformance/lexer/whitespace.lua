local	a	=	1	;	local b=2;;;
print(a+b)
print
(
"spread"
)
local c = a
+
b
print(c);print(c * 2)
 ;;
do ; end
print("done")
