#include <iostream>

class IntList {
public:
    IntList() = default;
    IntList(const IntList&) = delete;
    IntList& operator=(const IntList&) = delete;

    ~IntList() {
        while (head_ != nullptr) {
            Node* next = head_->next;
            delete head_;
            head_ = next;
        }
    }

    void pushFront(int value) {
        head_ = new Node{value, head_};
        ++size_;
    }

    void reverse() {
        Node* prev = nullptr;
        Node* current = head_;
        while (current != nullptr) {
            Node* next = current->next;
            current->next = prev;
            prev = current;
            current = next;
        }
        head_ = prev;
    }

    int sum() const {
        int total = 0;
        for (const Node* n = head_; n != nullptr; n = n->next) total += n->value;
        return total;
    }

    void print(std::ostream& out) const {
        for (const Node* n = head_; n != nullptr; n = n->next) out << n->value << (n->next ? " -> " : "\n");
    }

    int size() const { return size_; }

private:
    struct Node {
        int value;
        Node* next;
    };
    Node* head_ = nullptr;
    int size_ = 0;
};

int main() {
    IntList list;
    for (int i = 1; i <= 5; ++i) list.pushFront(i);
    list.print(std::cout);
    list.reverse();
    list.print(std::cout);
    std::cout << "size " << list.size() << ", sum " << list.sum() << '\n';
    return 0;
}
