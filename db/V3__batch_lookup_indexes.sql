-- Spring Batch's schema has no secondary indexes. Every trial step asks for the last execution and the execution
-- count of its step name within the job instance, so without these the cost of a trial grows with the number of
-- trials already run.
CREATE INDEX batch_step_execution_name ON batch_step_execution (step_name, job_execution_id);
CREATE INDEX batch_job_execution_instance ON batch_job_execution (job_instance_id);
CREATE INDEX batch_job_execution_params_execution ON batch_job_execution_params (job_execution_id);
