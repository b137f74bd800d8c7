/* Floating point: an n-body step loop and a Mandelbrot count in double precision (x87 as gcc -m32 emits it). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define BODIES 5

int main(int argc, char **argv) {
    int steps = argc > 1 ? atoi(argv[1]) : 200000;
    double x[BODIES], y[BODIES], z[BODIES], vx[BODIES], vy[BODIES], vz[BODIES], m[BODIES];
    for (int i = 0; i < BODIES; i++) {
        x[i] = i * 1.3; y[i] = i * 0.7 - 1; z[i] = i * 0.1; vx[i] = 0.01 * i; vy[i] = -0.02 * i; vz[i] = 0.005;
        m[i] = 1.0 + i * 0.25;
    }
    const double dt = 0.001;
    for (int s = 0; s < steps; s++) {
        for (int i = 0; i < BODIES; i++)
            for (int j = i + 1; j < BODIES; j++) {
                double dx = x[i] - x[j], dy = y[i] - y[j], dz = z[i] - z[j];
                double d2 = dx * dx + dy * dy + dz * dz + 0.01;
                double mag = dt / (d2 * sqrt(d2));
                vx[i] -= dx * m[j] * mag; vy[i] -= dy * m[j] * mag; vz[i] -= dz * m[j] * mag;
                vx[j] += dx * m[i] * mag; vy[j] += dy * m[i] * mag; vz[j] += dz * m[i] * mag;
            }
        for (int i = 0; i < BODIES; i++) { x[i] += dt * vx[i]; y[i] += dt * vy[i]; z[i] += dt * vz[i]; }
    }
    double energy = 0;
    for (int i = 0; i < BODIES; i++) energy += 0.5 * m[i] * (vx[i] * vx[i] + vy[i] * vy[i] + vz[i] * vz[i]);
    long inside = 0;
    for (int py = 0; py < 200; py++)
        for (int px = 0; px < 200; px++) {
            double cr = -2.0 + px * 0.0125, ci = -1.25 + py * 0.0125, zr = 0, zi = 0;
            int k = 0;
            while (k < 100 && zr * zr + zi * zi < 4.0) { double t = zr * zr - zi * zi + cr; zi = 2 * zr * zi + ci; zr = t; k++; }
            inside += k == 100;
        }
    printf("nbody %d steps: energy %.12e x0 %.9f; mandelbrot inside %ld\n", steps, energy, x[0], inside);
    return 0;
}
