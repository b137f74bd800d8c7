/** Test drivers and the fetch of Debian guest packages. */
package ukcf.testdrivers;
