/** The modeled host kernel; filled by the kernel-bridge issue. */
package ukcf.kernel;
