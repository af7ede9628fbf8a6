#include <iostream>
#include <string>
#include <utility>

class Greeter {
public:
    explicit Greeter(std::string name) : name_(std::move(name)) {}

    std::string greeting() const { return "Hello, " + name_ + "!"; }

private:
    std::string name_;
};

int main() {
    Greeter greeter("world");
    std::cout << greeter.greeting() << '\n';
    return 0;
}
