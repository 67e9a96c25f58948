package.searchers = {}
print(pcall(require, "anything"))
package.searchers = nil
print(pcall(require, "anything2"))
