package ukcf.user.syscall;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a static method as the handler of one Linux i386 system call. The method takes the
 * {@link ukcf.user.process.GuestProcess} and one {@code int} per entry of {@link #args} (EBX, ECX, EDX, ESI, EDI,
 * EBP in order) and returns the value for EAX (a negative errno, or throws {@link SyscallError}). The number comes
 * from {@code syscalls-i386.tsv} by {@link #name}; {@link #args} also tells {@code --strace} how to print them.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Syscall {
    /** The name in the kernel's syscall_32.tbl (and strace's). */
    String name();

    Arg[] args() default {};

    /** How strace prints the result. */
    Result result() default Result.DECIMAL;

    /** How strace prints a successful result. */
    enum Result { DECIMAL, HEX, NONE }
}
