/**
 * Driver entry-point shells: an {@link ukcf.shells.EntryPoint} wraps one function a driver registered, calls it
 * through a {@link ukcf.shells.DriverCaller} (the kernel translator) and records its entry, exit or failure with the
 * {@link ukcf.shells.trace.Tracer}. The shells of each kernel subsystem (crypto algorithms...) live in the kernel
 * bridge beside the registration functions that create them.
 */
package ukcf.shells;
