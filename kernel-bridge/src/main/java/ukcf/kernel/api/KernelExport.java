package ukcf.kernel.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method as the host kernel's implementation of an exported kernel function. The method takes a
 * {@link KernelCall} and then one {@code int} per 32-bit argument ({@code long} for a 64-bit one), in C order, and
 * returns {@code int} (EAX), {@code long} (EDX:EAX) or {@code void}. {@link KernelExports} reads these to build the
 * table drivers link against.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface KernelExport {
    /** The C symbol; the method's name when empty. */
    String name() default "";

    /** EXPORT_SYMBOL_GPL: only modules with a GPL-compatible license may link it. */
    boolean gpl() default false;

    Convention convention() default Convention.REGPARM;

    /** How arguments arrive (Linux i386 builds the kernel with -mregparm=3). */
    enum Convention {
        /** The first three 32-bit arguments in EAX, EDX, ECX (a 64-bit one takes two), the rest on the stack. */
        REGPARM,
        /** Variadic functions: every argument on the stack (cdecl); the method reads the variable ones itself. */
        VARARGS,
        /**
         * The function has its own register interface (__get_user_4, the retpoline thunks...): the method gets
         * only the {@link KernelCall}, reads and sets registers itself and decides where execution continues.
         */
        CUSTOM
    }
}
