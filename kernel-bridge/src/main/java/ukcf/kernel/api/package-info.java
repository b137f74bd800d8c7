/**
 * The host kernel's exported functions in Java ({@link ukcf.kernel.api.KernelExport} methods grouped by concern),
 * the table that places them in the host-symbol range ({@link ukcf.kernel.api.KernelExports}) and the calling
 * conventions that carry a driver's call into them ({@link ukcf.kernel.api.KernelCall}).
 */
package ukcf.kernel.api;
