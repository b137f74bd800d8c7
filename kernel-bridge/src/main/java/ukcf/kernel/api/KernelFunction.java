package ukcf.kernel.api;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import ukcf.cpu.state.CpuState;

/**
 * One exported host kernel function: its symbol, the address drivers call it at (in the host-symbol range, where
 * no code exists: reaching it is what the jump monitor recognises), its calling convention and the Java method.
 */
public final class KernelFunction {
    private final String name;
    private final int address;
    private final boolean gpl;
    private final KernelExport.Convention convention;
    private final MethodHandle handle;
    private final Class<?>[] parameters;
    private final Class<?> result;

    KernelFunction(Method method, int address) {
        KernelExport export = method.getAnnotation(KernelExport.class);
        if (!Modifier.isStatic(method.getModifiers())) throw new IllegalArgumentException(method + " must be static");
        Class<?>[] types = method.getParameterTypes();
        if (types.length == 0 || types[0] != KernelCall.class) {
            throw new IllegalArgumentException(method + " must take a KernelCall first");
        }
        for (int i = 1; i < types.length; i++) {
            if (types[i] != int.class && types[i] != long.class) throw new IllegalArgumentException(method + ": argument " + i + " must be int or long");
        }
        if (export.convention() == KernelExport.Convention.CUSTOM && types.length != 1) {
            throw new IllegalArgumentException(method + ": a CUSTOM function reads its own arguments");
        }
        Class<?> r = method.getReturnType();
        if (r != int.class && r != long.class && r != void.class) throw new IllegalArgumentException(method + " must return int, long or void");
        this.name = export.name().isEmpty() ? method.getName() : export.name();
        this.address = address;
        this.gpl = export.gpl();
        this.convention = export.convention();
        this.parameters = types;
        this.result = r;
        try {
            method.setAccessible(true);
            this.handle = MethodHandles.lookup().unreflect(method);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException(method + " is not accessible", e);
        }
    }

    public String name() { return name; }

    public int address() { return address; }

    public boolean gpl() { return gpl; }

    public KernelExport.Convention convention() { return convention; }

    /**
     * Runs the function for {@code call}: arguments gathered by the convention, the result in EAX (EDX:EAX for 64
     * bits). Returning to the caller (popping the return address) is the jump monitor's business, except for
     * CUSTOM functions, which set EIP themselves.
     */
    public void invoke(KernelCall call) throws Throwable {
        Object[] arguments = new Object[parameters.length];
        arguments[0] = call;
        for (int i = 1, slot = 0; i < parameters.length; i++) {
            if (parameters[i] == long.class) {
                arguments[i] = Integer.toUnsignedLong(call.slot(slot)) | (long) call.slot(slot + 1) << 32;
                slot += 2;
            } else {
                arguments[i] = call.slot(slot++);
            }
        }
        Object value = handle.invokeWithArguments(arguments);
        CpuState s = call.cpu().state;
        if (result == int.class) {
            s.gpr[CpuState.EAX] = (Integer) value;
        } else if (result == long.class) {
            long v = (Long) value;
            s.gpr[CpuState.EAX] = (int) v;
            s.gpr[CpuState.EDX] = (int) (v >>> 32);
        }
    }

    @Override
    public String toString() { return name + "@" + Integer.toHexString(address); }
}
