/**
 * Sharded evaluation on a Slurm cluster ({@code vla4j slurm}): the sbatch scripts of one array job
 * (one {@code eval --shard I/N} per array task, {@code SLURM_ARRAY_TASK_ID} = I) and one merge job
 * that waits for it ({@code --dependency=afterok}), their submission with {@code sbatch --parsable},
 * and the progress of the shards read back from their run folders. Follows Slurm's documented job
 * array and dependency interface (slurm.schedmd.com/job_array.html, sbatch(1)).
 */
package org.vla4j.eval.slurm;
