package io.northstar.runtime.seccomp;

/**
 * One rule of an assembled filter: a syscall resolved to its number on the target architecture
 * and its restriction. Several rules with the same number are alternatives (any may allow).
 */
public record NumberedRule(String name, int number, SyscallFilter rule) {
}
