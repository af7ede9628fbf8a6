/** A bank account whose balance never goes below zero. Contracts in JML comments, checked with assertions under `java -ea`. */
public final class Account {
    //@ public invariant balance >= 0;
    private long balance;

    //@ requires initial >= 0;
    //@ ensures balance == initial;
    public Account(long initial) {
        assert initial >= 0 : "initial balance must not be negative";
        this.balance = initial;
    }

    //@ requires amount > 0;
    //@ ensures balance == \old(balance) + amount;
    public void deposit(long amount) {
        assert amount > 0 : "deposit must be positive";
        balance += amount;
    }

    //@ requires amount > 0 && amount <= balance;
    //@ ensures balance == \old(balance) - amount;
    public void withdraw(long amount) {
        assert amount > 0 && amount <= balance : "withdrawal must be positive and covered";
        balance -= amount;
    }

    //@ ensures \result == balance;
    public long balance() {
        return balance;
    }

    public static void main(String[] args) {
        Account account = new Account(100);
        account.deposit(50);
        if (account.balance() >= 120) {
            account.withdraw(120);
        }
        System.out.println("balance: " + account.balance());
    }
}
