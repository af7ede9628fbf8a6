using System;
using System.Diagnostics;

namespace Examples
{
    /// <summary>A bank account whose balance never goes below zero.</summary>
    // invariant: Balance >= 0
    public sealed class Account
    {
        public long Balance { get; private set; }

        // requires: initial >= 0
        // ensures:  Balance == initial
        public Account(long initial)
        {
            Debug.Assert(initial >= 0, "initial balance must not be negative");
            Balance = initial;
        }

        // requires: amount > 0
        // ensures:  Balance == old(Balance) + amount
        public void Deposit(long amount)
        {
            Debug.Assert(amount > 0, "deposit must be positive");
            Balance += amount;
        }

        // requires: amount > 0 && amount <= Balance
        // ensures:  Balance == old(Balance) - amount
        public void Withdraw(long amount)
        {
            Debug.Assert(amount > 0 && amount <= Balance, "withdrawal must be positive and covered");
            Balance -= amount;
        }
    }

    public static class Program
    {
        public static void Main()
        {
            var account = new Account(100);
            account.Deposit(50);
            // The caller checks the precondition before withdrawing.
            if (account.Balance >= 120)
            {
                account.Withdraw(120);
            }
            Console.WriteLine($"balance: {account.Balance}");
        }
    }
}
